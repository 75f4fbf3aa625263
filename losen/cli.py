"""The `losen` command: Django's management interface with Losen's settings."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "losen.settings")
    from losen import config

    try:
        config.read(os.environ)
    except config.ConfigError as exc:
        sys.stderr.write(f"losen: configuration error: {exc}\n")
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line

    execute_from_command_line(["losen", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
