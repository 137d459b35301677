"""Quality: checklist templates, inspections, photos, scoring, corrective actions and reports."""
