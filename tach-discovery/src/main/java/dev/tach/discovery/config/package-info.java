/**
 * pytest's configuration found and read as pytest 9 does, without running Python: the rootdir
 * and config file chosen by {@link dev.tach.discovery.config.PytestConfigLoader} (the rules of
 * {@code _pytest/config/findpaths.py}) and the values static discovery needs, split the way
 * pytest's {@code args}, {@code linelist} and {@code paths} option types split them, in a
 * {@link dev.tach.discovery.config.PytestConfig}.
 */
package dev.tach.discovery.config;
