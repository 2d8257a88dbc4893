"""Writes the daily profile of scenarios/benchmarks/callcenter1.toml.

SimOpt's CALLCENTER-1 arrival rate is lambda(t) = 500 + 500 sin((3 pi t - 16 pi) / 32) calls
an hour, t in hours from opening, over a 16.5-hour day. staffsim's arrivals are piecewise
constant: this prints one weight per 5-minute step of the day (288), each the exact integral
of lambda over the step (the calls expected in it), 0 after closing, and their sum, which is
the scenario's daily rate.
"""

import math


def integral(t):
    """The integral of lambda from 0 to t hours, calls."""
    return 500 * t - 500 * 32 / (3 * math.pi) * math.cos((3 * math.pi * t - 16 * math.pi) / 32)


steps = []
for k in range(288):
    a, b = k / 12, (k + 1) / 12
    steps.append(integral(b) - integral(a) if b <= 16.5 + 1e-9 else 0.0)
for hour in range(24):
    row = ", ".join(f"{s:.4f}" for s in steps[12 * hour : 12 * hour + 12])
    print(f"  {row},  # {hour:02d}:00")
print(f"# rate = \"{sum(float(f'{s:.4f}') for s in steps):.4f}/d\"")
