"""`python -m generated.o365.emulator --port 8765 [--seed N] [--data tenant.sqlite] [--tls]`: run the emulator.

Prints what to pass to `Account` so your own code can talk to it; with ``--tls``, also the CA
certificate to trust and the environment that points any Graph client at it (the emulator is
then an HTTPS proxy for graph.microsoft.com and login.microsoftonline.com). Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .seed import PASSWORD
from .server import EmulatorServer

SNIPPET = """\
from generated.o365 import Account, MSGraphProtocol

protocol = MSGraphProtocol(protocol_url="{url}")
account = Account(("{client_id}", "{client_secret}"), auth_flow_type="credentials",
                  tenant_id="{tenant_id}", protocol=protocol,
                  authority_host="{url}", username="{user}")
account.authenticate()
print(account.directory().get_users(limit=5))
"""

TLS_HELP = """Any Graph client with its default URLs (python-o365, msgraph-sdk, azure-identity, MSAL):
  export HTTPS_PROXY={proxy} NO_PROXY=
  export REQUESTS_CA_BUNDLE={ca} SSL_CERT_FILE={ca}
or point it at {url} itself (authority {url}{tenant_id}, Graph {url}v1.0/).
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}",  # the repository's `emulator` too
                                     description="A local Microsoft Graph v1.0 emulator.")
    parser.add_argument("--port", type=int, default=8765, help="TCP port (0: any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated tenant")
    parser.add_argument("--data", default=None, help="persist the tenant in this SQLite file")
    parser.add_argument("--specs", default=None, help="specs folder (default: the project's)")
    parser.add_argument("--tls", action="store_true",
                        help="HTTPS with a certificate made at start (and an HTTPS proxy for "
                             "Graph's and the identity platform's hosts)")
    parser.add_argument("--tls-dir", default=None,
                        help="with --tls: write ca.pem here (default: a temporary folder)")
    parser.add_argument("--token-lifetime", type=int, default=3600, help="seconds")
    parser.add_argument("--throttle-every", type=int, default=0, help="429 on every Nth request")
    parser.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds")
    parser.add_argument("--unavailable-every", type=int, default=0, help="503 every Nth request")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--drop-every", type=int, default=0,
                        help="cut every Nth response in half and close the connection")
    parser.add_argument("--expire-tokens-every", type=int, default=0,
                        help="expire all access tokens before every Nth request")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    faults = {"throttle_every": args.throttle_every, "retry_after": args.retry_after,
              "unavailable_every": args.unavailable_every, "delay": args.delay,
              "drop_every": args.drop_every, "expire_tokens_every": args.expire_tokens_every}
    try:
        server = EmulatorServer(port=args.port, seed=args.seed, data=args.data,
                                token_lifetime=args.token_lifetime, host=args.host,
                                specs_dir=args.specs, faults=faults, tls=args.tls,
                                tls_dir=args.tls_dir).start()
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        print(f"emulator: cannot start: {err}", file=sys.stderr)
        return 2
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    user = server.users[0] if server.users else "someone@contoso.onmicrosoft.com"
    print(f"Graph emulator listening on {server.url}  (Graph: {server.graph_url})")
    print(f"  tenant id        {server.tenant_id}")
    print(f"  client id        {server.client_id}   (secret: {server.client_secret})")
    print(f"  public client id {server.public_client_id}   (device code, ROPC)")
    print(f"  users            {', '.join(server.users)}  (password: {PASSWORD})")
    print(f"  faults           POST {server.url}_emulator/faults with JSON to change")
    if server.ca_file is not None:
        print(f"  TLS CA           {server.ca_file}")
        print(TLS_HELP.format(proxy=server.url.replace("https:", "http:").rstrip("/"),
                              ca=server.ca_file, url=server.url, tenant_id=server.tenant_id))
    else:
        print()
    print(SNIPPET.format(url=server.url, client_id=server.client_id,
                         client_secret=server.client_secret, tenant_id=server.tenant_id,
                         user=user))
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        print("emulator stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
