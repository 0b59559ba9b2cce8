/**
 * The files a pytest 9 run reads, found without running Python: {@link
 * dev.tach.discovery.files.FileCollector} walks the arguments (or {@code testpaths}) as pytest's
 * collection does — order, {@code python_files}, {@code norecursedirs}, {@code --ignore}, virtual
 * environments, node-id arguments — and lists the test files and the {@code conftest.py} files
 * pytest loads, with their node paths and module names, skipping what {@code .gitignore} and {@code
 * .ignore} files exclude; {@link dev.tach.discovery.files.PytestOptions} picks the options that
 * matter out of a raw pytest argument list.
 */
package dev.tach.discovery.files;
