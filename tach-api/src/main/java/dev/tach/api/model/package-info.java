/**
 * The statically discovered picture of a suite: modules, tests, fixtures, markers, imports
 * (issue 3). It is what {@code tach list} prints and what the scheduler plans with before any
 * Python process runs; the zygote's real collection stays the authority at run time.
 */
package dev.tach.api.model;
