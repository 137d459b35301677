"""Allow `python -m microfactory_desk`."""

from microfactory_desk.cli import main

raise SystemExit(main())
