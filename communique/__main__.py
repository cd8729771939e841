import sys

from communique.cli.main import main

sys.exit(main())
