"""Production telemetry: deliveries recorded or imported, and the KPIs computed from them."""
