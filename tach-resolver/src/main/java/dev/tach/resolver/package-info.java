/**
 * Resolving a statically discovered suite the way pytest would at collection and setup time. {@link
 * dev.tach.resolver.FixtureResolver#resolve} turns a {@link dev.tach.resolver.ResolverInput}
 * (modules, builtin fixtures for a pytest version) into a {@link dev.tach.resolver.Resolution}: per
 * test the fixture closure, setup order, scope chain, fixture-param node ids and problems; {@link
 * dev.tach.resolver.ImportGraph#build} makes the module import graph and answers which tests are
 * toxic for in-process isolation and why.
 */
package dev.tach.resolver;
