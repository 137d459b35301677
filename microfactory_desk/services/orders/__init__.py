"""Purchase orders and the SKU catalogue: drafts, pricing from SLA tiers, statuses, order files."""
