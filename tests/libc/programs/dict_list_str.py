# Real-program workload for librtmem_malloc.so: dict, list and str heavy.
# Output is deterministic (no hash-order, address or time dependence) so the
# run under the preload library must print exactly what glibc's run prints.
import hashlib
import sys


def words(n, seed):
    x = seed
    out = []
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append("w%x_%s" % (x % 50021, "ab" * (x % 7)))
    return out


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    digest = hashlib.sha256()
    for r in range(rounds):
        ws = words(60000, r + 1)
        counts = {}
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        index = {}
        for i, w in enumerate(ws):
            index.setdefault(w[:4], []).append(i)
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        joined = ",".join(sorted(set(ws)))
        pieces = joined.split(",")
        upper = [p.upper() + str(len(p)) for p in pieces[::3]]
        nested = [[j * k for k in range(j % 17)] for j in range(8000)]
        flat = [v for row in nested for v in row]
        text = " ".join(upper).replace("AB", "-")
        digest.update(text.encode())
        digest.update(repr(top).encode())
        print("round %d: %d words %d distinct %d buckets flat=%d sum=%d len=%d top=%s"
              % (r, len(ws), len(counts), len(index), len(flat), sum(flat), len(text), top[0]))
        del ws, counts, index, joined, pieces, upper, nested, flat, text
    print("digest", digest.hexdigest())


main()
