import sys

from ai_readiness.cli import main

sys.exit(main())
