"""SLA terms and the negotiation log: versions, price tiers, term sheets, follow-ups."""
