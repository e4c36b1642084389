"""`python -m generator` behaves exactly as the `mdcodegen` command."""

from .cli import main

if __name__ == "__main__":
    main()
