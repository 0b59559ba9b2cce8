# Prints the stdlib .py files that this CPython compiles, one per line (used by PythonStdlibParsingTest).
import os, sys, sysconfig
root = sysconfig.get_paths()['stdlib']
skip = {'site-packages'}
for d, dirs, files in os.walk(root):
    dirs[:] = sorted(x for x in dirs if x not in skip and x != '__pycache__')
    for f in sorted(files):
        if f.endswith('.py'):
            p = os.path.join(d, f)
            try:
                with open(p, 'rb') as fh:
                    compile(fh.read(), p, 'exec', dont_inherit=True)
                print(p)
            except (SyntaxError, ValueError, UnicodeDecodeError):
                pass
