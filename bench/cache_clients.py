"""Client-side CPU per cache operation: Django's RedisCache, ours (one client per pool) and
django-redis, side by side in one process against one Redis.

    .venv/bin/python bench/cache_clients.py [--redis redis://127.0.0.1:6379/3] [--ops 3000]

Each round times get, set and get_many (5 keys) of a 15 kB value (a cached page's size) with
process_time, the backends taken in turn, round by round; the figure is the median over rounds
of CPU µs per operation (the Redis server's own time is not in it; the wall time is shown
too). django-redis is measured only when installed (`pip install django-redis`): the site does
not depend on it. Keys carry a prefix of the run's own and are deleted at the end.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def backends(url, prefix):
    candidates = {
        "django RedisCache": "django.core.cache.backends.redis.RedisCache",
        "ours (rediscache)": "association.web.rediscache.RedisCache",
        "django-redis": "django_redis.cache.RedisCache",
    }
    try:
        import django_redis  # noqa: F401
    except ImportError:
        del candidates["django-redis"]
    return {
        name: {"BACKEND": path, "LOCATION": url, "KEY_PREFIX": f"{prefix}{n}"}
        for n, (name, path) in enumerate(candidates.items())
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"))
    parser.add_argument("--ops", type=int, default=2000, help="operations of each kind a round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    prefix = f"bench-clients-{uuid.uuid4().hex[:8]}-"
    configs = backends(args.redis, prefix)
    from django.conf import settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.configure(CACHES={"default": dummy, **configs})
    import django

    django.setup()
    import redis
    from django.core.cache import caches

    built = [0]
    original_init = redis.Redis.__init__

    def counting_init(self, *a, **k):
        built[0] += 1
        original_init(self, *a, **k)

    redis.Redis.__init__ = counting_init

    value = "页" * 5000  # 15 kB of UTF-8
    keys = [f"k{i}" for i in range(5)]
    operations = {
        "get": lambda c: c.get("k0"),
        "set": lambda c: c.set("k0", value, 60),
        "get_many(5)": lambda c: c.get_many(keys),
    }
    print(f"redis {args.redis}, {args.ops} operations of each kind, {args.rounds} rounds")
    print(f"load average at start: {open('/proc/loadavg').read().strip()}")
    cpu = {(n, op): [] for n in configs for op in operations}
    wall = {(n, op): [] for n in configs for op in operations}
    clients = {}
    for name in configs:
        cache = caches[name]
        cache.set_many({k: value for k in keys}, 60)
    for round_no in range(args.rounds):
        names = list(configs) if round_no % 2 == 0 else list(reversed(configs))
        for name in names:
            cache = caches[name]
            built[0] = 0
            for op, call in operations.items():
                started_wall, started = time.perf_counter(), time.process_time()
                for _ in range(args.ops):
                    call(cache)
                cpu[name, op].append((time.process_time() - started) * 1e6 / args.ops)
                wall[name, op].append((time.perf_counter() - started_wall) * 1e6 / args.ops)
            clients[name] = built[0] / (args.ops * len(operations))
    base = "django RedisCache"
    print("\n| backend | op | CPU µs/op | wall µs/op | ÷ Django's CPU | redis.Redis built per op |")
    print("|---|---|---:|---:|---:|---:|")
    for name in configs:
        for op in operations:
            mine = statistics.median(cpu[name, op])
            ratio = mine / statistics.median(cpu[base, op])
            print(
                f"| {name} | {op} | {mine:.1f} | {statistics.median(wall[name, op]):.1f} | "
                f"{ratio:.2f} | {clients[name]:.2f} |"
            )
    for name in configs:
        caches[name].delete_many(keys)
    print(f"\nload average at end: {open('/proc/loadavg').read().strip()}")


if __name__ == "__main__":
    main()
