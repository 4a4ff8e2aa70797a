"""`sinch-emulator`: run the Sinch Provisioning API emulator until SIGINT/SIGTERM."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from emulator.server import EmulatorServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sinch-emulator",
        description="A local emulator of the Sinch Provisioning API (admin API under /_emulator).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8077, help="port, 0 for any free port (default: %(default)s)")
    parser.add_argument(
        "--key-id",
        default=os.environ.get("SINCH_EMULATOR_KEY_ID", "emulator-key"),
        help="access key id accepted for Basic auth and /oauth2/token (env SINCH_EMULATOR_KEY_ID)",
    )
    parser.add_argument(
        "--key-secret",
        default=os.environ.get("SINCH_EMULATOR_KEY_SECRET", "emulator-secret"),
        help="access key secret (env SINCH_EMULATOR_KEY_SECRET)",
    )
    parser.add_argument(
        "--token-ttl", type=int, default=3600, help="bearer token lifetime in seconds (default: %(default)s)"
    )
    timing = parser.add_argument_group("timing (emulator-clock seconds; also GET/PATCH /_emulator/settings)")
    timing.add_argument(
        "--sender-activation-seconds",
        type=float,
        default=2.0,
        help="WhatsApp sender IN_PROGRESS -> ACTIVE / PENDING_VERIFICATION (default: %(default)s)",
    )
    timing.add_argument(
        "--profile-review-seconds",
        type=float,
        default=3.0,
        help="WhatsApp sender profile change set review (default: %(default)s)",
    )
    timing.add_argument(
        "--account-review-seconds",
        type=float,
        default=2.0,
        help="WhatsApp account review -> ONBOARDED (default: %(default)s)",
    )
    timing.add_argument(
        "--deletion-retention-days",
        type=float,
        default=30.0,
        help="days a deleted WhatsApp sender stays visible (default: %(default)s)",
    )
    timing.add_argument(
        "--template-review-seconds",
        type=float,
        default=3.0,
        help="WhatsApp template review: a submission is approved (default: %(default)s)",
    )
    timing.add_argument(
        "--bundle-completion-seconds",
        type=float,
        default=2.0,
        help="bundle: a new bundle IN_PROGRESS is DONE (default: %(default)s)",
    )
    timing.add_argument(
        "--rcs-launch-preparation-seconds",
        type=float,
        default=2.0,
        help="RCS sender: PREPARING_LAUNCH (with a video URI) becomes LAUNCHING (default: %(default)s)",
    )
    timing.add_argument(
        "--rcs-launch-seconds",
        type=float,
        default=3.0,
        help="RCS sender: LAUNCHING becomes LAUNCHED (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print("sinch-emulator: --port must be between 0 and 65535", file=sys.stderr)
        return 2
    if args.token_ttl <= 0:
        print("sinch-emulator: --token-ttl must be positive", file=sys.stderr)
        return 2
    timings = (
        "sender_activation_seconds",
        "profile_review_seconds",
        "account_review_seconds",
        "deletion_retention_days",
        "template_review_seconds",
        "bundle_completion_seconds",
        "rcs_launch_preparation_seconds",
        "rcs_launch_seconds",
    )
    for name in timings:
        if not 0 <= getattr(args, name) < 1e9:
            print(f"sinch-emulator: --{name.replace('_', '-')} must be a number >= 0", file=sys.stderr)
            return 2

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    server = EmulatorServer(
        host=args.host,
        port=args.port,
        key_id=args.key_id,
        key_secret=args.key_secret,
        token_ttl=args.token_ttl,
        sender_activation_seconds=args.sender_activation_seconds,
        profile_review_seconds=args.profile_review_seconds,
        account_review_seconds=args.account_review_seconds,
        deletion_retention_days=args.deletion_retention_days,
        template_review_seconds=args.template_review_seconds,
        bundle_completion_seconds=args.bundle_completion_seconds,
        rcs_launch_preparation_seconds=args.rcs_launch_preparation_seconds,
        rcs_launch_seconds=args.rcs_launch_seconds,
        configure_logging=True,
    )
    try:
        server.start()
    except OSError as exc:
        print(f"sinch-emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(f"Sinch emulator listening on {server.url}", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
