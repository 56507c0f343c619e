#!/usr/bin/env python3
"""Writes the seed corpus of heap_fuzz (tests/fuzz/corpus/seed-*).

Each file is a program in the input format documented at the top of
heap_fuzz.c: a 3-byte heap header (flags, size mantissa) then opcodes.
Deterministic: running it again rewrites the same files. Files that libFuzzer
found later are kept beside them (names without the seed- prefix).

    python3 tests/fuzz/make_corpus.py [corpus_dir]
"""
import os
import random
import struct
import sys

SLOTS = 48
(OP_ALLOC, OP_ALIGNED_ALLOC, OP_FREE, OP_REALLOC, OP_ALIGNED_REALLOC, OP_USABLE,
 OP_NOALIGN_ALLOC, OP_REWIND_ALLOC, OP_FREE_NULL_AND_ZERO, OP_FILL_UP, OP_VIOLATION,
 OP_SLAB_INIT, OP_SLAB_ALLOC, OP_SLAB_FREE, OP_SLAB_VIOLATION) = range(15)


class Prog:
    """Builds one input; tracks which slot each allocation lands in."""

    def __init__(self, heap_bytes, offset=0, violations=False):
        scale = 0
        mant = heap_bytes - 64
        while mant > 0xFFFF:
            scale += 1
            mant >>= 1
        assert scale < 8 and 0 <= mant
        self.b = bytearray([offset | scale << 3 | (0x40 if violations else 0)])
        self.b += struct.pack("<H", mant)
        self.live = [False] * SLOTS

    def _op(self, op, param=0):
        self.b.append((param & 15) << 4 | op)

    @staticmethod
    def _size(n):
        """(param, mantissa) so that op_size() gives exactly n."""
        if n < 2048 and n % 32 == 0 and n // 32 < 256:
            return 6, n // 32 << 5          # param 6: m >> 5
        if n <= 0xFFFF:
            return 8, n                     # param 8: m
        for p in range(12, 16):
            sh = p - 11
            if n % (1 << sh) == 0 and n >> sh <= 0xFFFF:
                return p, n >> sh
        raise ValueError(n)

    def _slot_for(self, param):
        for k in range(SLOTS):
            i = (param + k) % SLOTS
            if not self.live[i]:
                return i
        return None

    def alloc(self, n, noalign=False):
        p, m = self._size(n)
        s = self._slot_for(p)
        self._op(OP_NOALIGN_ALLOC if noalign else OP_ALLOC, p)
        self.b += struct.pack("<H", m)
        if n and s is not None:
            self.live[s] = True   # may still fail at run time; free() of an empty slot is a no-op
        return s

    def aligned(self, align_exp, n, rewind=False):
        p, m = self._size(n)
        s = self._slot_for(p)
        self._op(OP_REWIND_ALLOC if rewind else OP_ALIGNED_ALLOC, p)
        self.b += bytes([align_exp]) + struct.pack("<H", m)
        if n and s is not None:
            self.live[s] = True
        return s

    def free(self, s):
        self._op(OP_FREE)
        self.b.append(s)
        self.live[s % SLOTS] = False

    def realloc(self, s, n, align_exp=None):
        p, m = self._size(n)
        if align_exp is None:
            self._op(OP_REALLOC, p)
            self.b.append(s)
        else:
            self._op(OP_ALIGNED_REALLOC, p)
            self.b += bytes([align_exp, s])
        self.b += struct.pack("<H", m)
        self.live[s % SLOTS] = n != 0

    def usable(self, s):
        self._op(OP_USABLE)
        self.b.append(s)

    def edge(self):
        self._op(OP_FREE_NULL_AND_ZERO)

    def fill_up(self, param):
        self._op(OP_FILL_UP, param)
        self.live = [True] * SLOTS       # conservative: later frees of empty slots are no-ops

    def violation(self, kind, s=0):
        self._op(OP_VIOLATION, kind & 15)
        self.b.append((kind & 0xF0) | (s % 16))

    # slab: block size = pointer size * (1 + 2 * param), count % 4096 + 1 blocks
    def slab_init(self, param, count):
        self._op(OP_SLAB_INIT, param)
        self.b += struct.pack("<H", count)

    def slab_alloc(self, hint, n=1):
        self._op(OP_SLAB_ALLOC, n - 1)
        self.b.append(hint)

    def slab_free(self, slot):
        self._op(OP_SLAB_FREE)
        self.b.append(slot)

    def slab_violation(self, kind, slot=0):
        self._op(OP_SLAB_VIOLATION, kind & 15)
        self.b.append((kind & 0xF0) | (slot % 16))


def seeds():
    out = {}

    p = Prog(4096)
    a = p.alloc(13); b = p.alloc(100); c = p.alloc(1); d = p.alloc(512)
    p.usable(a); p.free(b); p.realloc(a, 200); p.realloc(c, 64); p.realloc(d, 16)
    p.free(a); p.alloc(40); p.edge()
    out["basic"] = p

    p = Prog(65536)
    for e in range(0, 13):
        p.aligned(e, 24 + 8 * e)
    for s in range(0, 13, 2):
        p.free(s)
    for e in range(0, 13):
        p.aligned(e, 1 + e)
    out["aligned"] = p

    p = Prog(16384)
    p.fill_up(15); p.fill_up(7)
    for s in (3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9):
        p.free(s)
    p.fill_up(3)
    out["fill-free"] = p

    p = Prog((1 << 20) - 8)
    a = p.alloc(300000); b = p.alloc(200000); c = p.alloc(65535)
    p.free(b); p.realloc(a, 480000); p.realloc(c, 4096); p.aligned(12, 100000)
    out["big"] = p

    for off in range(8):
        p = Prog(200 + 8 * off, offset=off)
        p.alloc(8); p.alloc(8); p.alloc(24); p.free(1); p.alloc(4); p.edge()
        out["small-off%d" % off] = p

    p = Prog(8192)
    a = p.alloc(8)
    for n in (16, 32, 24, 100, 96, 1000, 8, 3000, 2, 0):
        p.realloc(a, n)
    b = p.alloc(64); p.realloc(b, 64, align_exp=9); p.realloc(b, 200, align_exp=6)
    out["realloc-chain"] = p

    p = Prog(32768)
    for e in (4, 5, 6, 8, 10, 12):
        p.aligned(e, 40, rewind=True)
    out["rewind"] = p

    p = Prog(2048)
    p.alloc(10, noalign=True); p.alloc(0); p.realloc(5, 0); p.realloc(6, 30); p.edge()
    out["edges"] = p

    for kind in range(8):
        for hi in (0, 0x80):
            p = Prog(8192, violations=True)
            p.alloc(32); p.alloc(64); p.alloc(16)
            p.violation(kind | hi | 0x10, 1)
            p.alloc(48); p.free(0)
            p.violation(kind | 8 | hi, 2)
            out["violation-%d-%02x" % (kind, hi)] = p

    p = Prog(4096)
    p.slab_init(0, 7)                      # 8 blocks of one pointer
    p.slab_alloc(0, 8); p.slab_alloc(8)    # the ninth finds the slab empty
    for s in (3, 0, 7, 5):
        p.slab_free(s)
    p.slab_alloc(0, 4); p.alloc(64)
    p.slab_init(15, 200)                   # re-init: 31-pointer blocks
    p.slab_alloc(10, 16); p.slab_free(12); p.slab_free(10); p.slab_alloc(40, 3)
    out["slab-basic"] = p

    for kind in range(4):
        p = Prog(2048, violations=True)
        p.slab_init(2, 31)
        p.slab_alloc(0, 4)
        p.slab_violation(kind | 0x10, 1)
        p.slab_violation(kind | 0x28, 2)
        p.slab_alloc(0, 2)
        out["slab-violation-%d" % kind] = p

    rnd = random.Random(20261125)
    for n in range(24):
        heap = rnd.choice([512, 2048, 4096, 65536, 300000, (1 << 20) - 8])
        p = Prog(heap, offset=rnd.randrange(8), violations=n % 6 == 5)
        for _ in range(rnd.randrange(20, 120)):
            r = rnd.random()
            live = [i for i in range(SLOTS) if p.live[i]]
            size = rnd.choice([1, 7, 8, 13, 16, 24, 64, 100, 256, 1000, 4096, 20000])
            if r < 0.35 or not live:
                p.alloc(size)
            elif r < 0.45:
                p.aligned(rnd.randrange(13), size)
            elif r < 0.70:
                p.free(rnd.choice(live))
            elif r < 0.82:
                p.realloc(rnd.choice(live), size)
            elif r < 0.86:
                p.realloc(rnd.choice(live), size, align_exp=rnd.randrange(13))
            elif r < 0.92:
                p.usable(rnd.choice(live))
            elif r < 0.95:
                p.fill_up(rnd.randrange(16))
            elif r < 0.96:
                p.aligned(rnd.randrange(4, 13), size, rewind=True)
            elif r < 0.975:
                p.slab_alloc(rnd.randrange(64), rnd.randrange(1, 5))
            elif r < 0.985:
                p.slab_free(rnd.randrange(64))
            else:
                p.violation(rnd.randrange(256), rnd.choice(live))
        out["random-%02d" % n] = p
    return out


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    os.makedirs(corpus, exist_ok=True)
    for name, prog in sorted(seeds().items()):
        with open(os.path.join(corpus, "seed-" + name), "wb") as f:
            f.write(bytes(prog.b))
    print("wrote %d seeds to %s" % (len(seeds()), corpus))


if __name__ == "__main__":
    main()
