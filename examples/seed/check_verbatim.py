#!/usr/bin/env python3
"""Check that every code block of the seed chapter appears verbatim in examples/seed/*.c.

usage: check_verbatim.py <chapter.txt> <examples/seed dir>

A block is a range of chapter lines (BLOCKS below). It must appear in one
example file, line by line and in order, compared without leading and
trailing whitespace (the chapter text lost its indentation). Between two
lines of a block the file may hold only blank lines and lines marked
"chapter-wrap" (the function a statement at file scope needs) or "harness"
(a check between the chapter's statements). Every chapter line that looks
like C must belong to a block, so a code block added to the chapter is
caught too. Exit 0 = all found, 1 = drift, 77 = chapter not found (skip).
"""
import glob
import os
import re
import sys

# (first line, last line, topic) of each code block, 1-based, inclusive.
BLOCKS = [
    (47, 52, "static allocation"),
    (58, 62, "K_HEAP_DEFINE heaps"),
    (64, 69, "k_heap_init over a custom buffer"),
    (71, 77, "k_heap_alloc"),
    (79, 84, "k_heap_calloc"),
    (86, 89, "k_heap_free"),
    (91, 109, "malloc family, k_aligned_alloc, k_malloc"),
    (111, 135, "memory slabs"),
    (137, 156, "static and dynamic thread stacks"),
    (158, 168, "stack-size arithmetic"),
    (170, 193, "partitions and domains"),
    (195, 200, "choice of allocator"),
    (202, 210, "alignment"),
    (212, 232, "message pool"),
    (234, 244, "heap statistics"),
    (246, 253, "stack monitoring"),
    (255, 267, "safe memory operations"),
    (268, 287, "buffer manager"),
    (288, 297, "thread resource pools"),
]
MARKS = ("chapter-wrap", "harness")
CODE_LIKE = re.compile(r"(;|\{|\}|,|\\)$|^(//|#define |K_[A-Z_]+\()")


def find_block(lines, files):
    for path, text in files.items():
        for start, line in enumerate(text):
            if line != lines[0]:
                continue
            pos, ok = start, True
            for want in lines[1:]:
                pos += 1
                while pos < len(text) and (text[pos] == "" or any(m in text[pos] for m in MARKS)):
                    pos += 1
                if pos >= len(text) or text[pos] != want:
                    ok = False
                    break
            if ok:
                return path, start + 1
    return None, None


def main():
    chapter_path, seed_dir = sys.argv[1], sys.argv[2]
    if not os.path.exists(chapter_path):
        print(f"chapter not found: {chapter_path}")
        return 77
    chapter = [l.strip() for l in open(chapter_path, encoding="utf-8").read().split("\n")]
    files = {os.path.basename(p): [l.strip() for l in open(p, encoding="utf-8").read().split("\n")]
             for p in sorted(glob.glob(os.path.join(seed_dir, "*.c")))}
    failed = 0
    covered = set()
    for first, last, topic in BLOCKS:
        covered.update(range(first, last + 1))
        path, at = find_block(chapter[first - 1:last], files)
        if path is None:
            print(f"MISSING  chapter lines {first}-{last} ({topic}) in no example verbatim")
            failed += 1
        else:
            print(f"ok       chapter lines {first}-{last} ({topic}): {path}:{at}")
    for n, line in enumerate(chapter, 1):
        if n not in covered and CODE_LIKE.search(line):
            print(f"UNLISTED chapter line {n} looks like code but is in no block: {line}")
            failed += 1
    print(f"{len(BLOCKS) - failed} of {len(BLOCKS)} blocks verbatim" if not failed else f"{failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
