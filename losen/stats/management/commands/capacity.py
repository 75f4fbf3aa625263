"""`losen capacity --arrivals-per-hour A --handle-minutes H --patience-minutes P --responders N`
(or `--target-answered X` instead of `--responders`): Erlang-A as one JSON object."""

import json
import math

from django.core.management.base import BaseCommand, CommandError

from losen.stats import capacity


def positive(value):
    try:
        number = float(value)
    except ValueError:
        raise ValueError(value) from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Erlang-A (M/M/n+M): share abandoned, share waiting, mean wait and share answered; or responders needed."

    def add_arguments(self, parser):
        parser.add_argument("--arrivals-per-hour", type=positive, required=True)
        parser.add_argument("--handle-minutes", type=positive, required=True)
        parser.add_argument("--patience-minutes", type=positive, required=True)
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--responders", type=int)
        which.add_argument("--target-answered", type=positive, help="share answered to reach, e.g. 0.9")
        parser.add_argument("--within-minutes", type=positive, help="also report the share answered within this many minutes")

    def handle(self, *args, arrivals_per_hour, handle_minutes, patience_minutes, responders, target_answered, within_minutes, **options):
        lam = arrivals_per_hour / 60
        try:
            out = {}
            if responders is None:
                responders = capacity.responders_needed(lam, handle_minutes, patience_minutes, target_answered=target_answered)
                out["responders_needed"] = responders
            if responders < 0:
                raise ValueError("responders must be 0 or more")
            result = capacity.erlang_a(lam, handle_minutes, patience_minutes, responders)
            out = {**result.as_dict(), **out}
            if within_minutes is not None:
                out["answered_within_share"] = capacity.answered_within(lam, handle_minutes, patience_minutes, responders, within_minutes)
                out["within_minutes"] = within_minutes
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out["arrivals_per_hour"] = arrivals_per_hour
        out["handle_minutes"] = handle_minutes
        out["patience_minutes"] = patience_minutes
        self.stdout.write(json.dumps(out))
