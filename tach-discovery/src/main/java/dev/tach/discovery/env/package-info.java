/**
 * The Python environment an interpreter runs in, read from disk without starting it: {@link
 * dev.tach.discovery.env.PythonEnvironment} finds the version, prefixes, standard library,
 * site-packages, {@code .pth} entries and {@code sys.path}, answers whether a module is importable
 * and where its file is, and reads installed distributions' versions and pytest plugin entry
 * points.
 */
package dev.tach.discovery.env;
