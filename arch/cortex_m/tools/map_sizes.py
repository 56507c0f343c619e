#!/usr/bin/env python3
"""Bytes per component (text+rodata, data, bss) of a linked target image, from its GNU ld map file.

usage: map_sizes.py build/cortex-m3/tests/target/target_kmem.map
Components: arch (cm_*.o in librtmem.a), kernel (the rest of librtmem.a), core
(librtmem_core.a), libc (librtmem_libc.a), newlib, libgcc, test (the image's own objects).
"""
import collections
import re
import sys


def component(path):
    if 'librtmem_core.a' in path:
        return 'core'
    if 'librtmem_libc.a' in path:
        return 'libc (rtmem)'
    if 'librtmem.a' in path:
        return 'arch' if '(cm_' in path else 'kernel'
    if 'libc_nano' in path or 'libc.a' in path or 'libg' in path:
        return 'newlib'
    if 'libgcc' in path:
        return 'libgcc'
    return 'test'


def main(map_path):
    total = collections.defaultdict(lambda: [0, 0, 0])
    pending = None
    in_map = False
    for line in open(map_path).read().split('\n'):
        if line.startswith('Linker script and memory map'):
            in_map = True
        if not in_map:
            continue
        m = re.match(r'^ (\.[\w.$]+|COMMON|rtmem_\w+)\s*$', line)
        if m:
            pending = m.group(1)
            continue
        m = re.match(r'^ (\.[\w.$]+|COMMON|rtmem_\w+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.(?:obj|o)\)?)$', line)
        if not m:
            continue
        sec = m.group(1) or pending
        pending = None
        size = int(m.group(3), 16)
        if size == 0 or sec is None:
            continue
        c = component(m.group(4))
        if sec.startswith(('.text', '.rodata', '.vectors')):
            total[c][0] += size
        elif sec.startswith(('.data', 'rtmem_')):
            total[c][1] += size
        elif sec.startswith(('.bss', 'COMMON')):
            total[c][2] += size
    print('| component | text+rodata | data | bss |')
    print('|---|---:|---:|---:|')
    for c, v in sorted(total.items()):
        print(f'| {c} | {v[0]} | {v[1]} | {v[2]} |')


if __name__ == '__main__':
    main(sys.argv[1])
