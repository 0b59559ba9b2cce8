# Prints .py files that this CPython compiles, one per line (used by PythonStdlibParsingTest):
# every file of the standard library, then a fixed sample of site-packages (every third file
# in sorted walk order), so that the build checks the grammar on real third-party code too.
import os, sys, sysconfig


def compilable(root, skip, every):
    n = 0
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in skip and x != '__pycache__')
        for f in sorted(files):
            if not f.endswith('.py'):
                continue
            n += 1
            if n % every:
                continue
            p = os.path.join(d, f)
            try:
                with open(p, 'rb') as fh:
                    compile(fh.read(), p, 'exec', dont_inherit=True)
                print(p)
            except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError):
                pass


paths = sysconfig.get_paths()
compilable(paths['stdlib'], {'site-packages', 'dist-packages'}, 1)
print('--- site-packages')
seen = set()
for key in ('purelib', 'platlib'):
    root = os.path.realpath(paths[key])
    if root not in seen and os.path.isdir(root):
        seen.add(root)
        compilable(root, set(), 3)
