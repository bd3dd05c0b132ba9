"""Renders the nginx site (deploy/nginx/*.template) for production or for the local stack.

One set of templates, two uses: an operator writes the production files once
(``python -m tools.nginx_conf --out /etc/nginx/thidua SERVER_NAME=thidua.example.gov.vn``),
and ``tools.stack`` writes the same files into its run directory with loopback values, so
``make serve`` and the stack tests run the directives production runs. Placeholders are
``${UPPER_CASE}``; nginx's own ``$variables`` are left alone. A missing or unknown value is an
error, never an empty string in the configuration.
"""

import argparse
import re
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")

# Where the runbook (README, "Triển khai / Production") puts things. TLS_CERTIFICATE and
# TLS_CERTIFICATE_KEY default to certbot's paths for SERVER_NAME.
PRODUCTION = {
    "SERVER_NAME": "thiduakhenthuong.example.gov.vn",
    "UPSTREAM": "unix:/run/thidua/gunicorn.sock",
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443",
    "HTTPS_PORT_SUFFIX": "",
    "LOOPBACK_LISTEN": "127.0.0.1:8080",
    "LOOPBACK_PROTO": "https",
    "STATIC_ROOT": "/var/lib/thidua/static",
    "MEDIA_ROOT": "/var/lib/thidua/media",
    "CACHE_DIR": "/var/cache/nginx/thidua",
    "LOG_DIR": "/var/log/nginx",
    "ACME_ROOT": "/var/www/letsencrypt",
    "ERRORS_DIR": str(TEMPLATES / "errors"),
    "PURGE_FROM": "127.0.0.1 ::1",
    "LIMIT_EXEMPT": "",
}


def production_values(out_dir, **overrides):
    values = {**PRODUCTION, "CONF_DIR": str(out_dir), **overrides}
    first_name = values["SERVER_NAME"].split()[0]
    values.setdefault("TLS_CERTIFICATE", f"/etc/letsencrypt/live/{first_name}/fullchain.pem")
    values.setdefault("TLS_CERTIFICATE_KEY", f"/etc/letsencrypt/live/{first_name}/privkey.pem")
    return values


def render_text(text, values, name="template"):
    missing = sorted({key for key in PLACEHOLDER.findall(text) if key not in values})
    if missing:
        raise KeyError(f"{name}: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def purge_allow(purge_from):
    """``PURGE_FROM`` ("127.0.0.1 ::1", addresses or networks) as nginx access rules."""
    rules = [f"allow {address};" for address in purge_from.split()]
    return " ".join([*rules, "deny all;"])


def render(out_dir, values):
    """Write every ``deploy/nginx/*.template`` into ``out_dir`` (suffix dropped); returns the paths."""
    values = dict(values)
    values["PURGE_ALLOW"] = purge_allow(values.pop("PURGE_FROM", ""))
    values["LIMIT_EXEMPT_GEO"] = " ".join(f"{address} 1;" for address in values.pop("LIMIT_EXEMPT", "").split())
    unknown = set(values) - {
        key for path in TEMPLATES.glob("*.template") for key in PLACEHOLDER.findall(path.read_text())
    }
    if unknown:
        raise KeyError(f"unknown placeholders: {', '.join(sorted(unknown))}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted(TEMPLATES.glob("*.template")):
        target = out_dir / template.name.removesuffix(".template")
        target.write_text(render_text(template.read_text(), values, template.name))
        written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path, help="directory for thidua.conf and thidua-site.conf")
    parser.add_argument("values", nargs="*", metavar="KEY=VALUE", help="override a production default")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.values:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"expected KEY=VALUE, got {item!r}")
        overrides[key] = value
    out_dir = args.out.resolve()
    try:
        paths = render(out_dir, production_values(out_dir, **overrides))
    except KeyError as error:
        parser.error(str(error.args[0]))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
