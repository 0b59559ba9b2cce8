/**
 * Fixture resolution and the import graph (issue 3): which fixture definition each test gets, in
 * which order they are set up, which node ids fixture params add, the E003/E018 problems pytest
 * would raise at setup, and which tests import something that threads, forks or holds sockets.
 * Works on the static model of {@code dev.tach.api.model}; runs no Python.
 */
module dev.tach.resolver {
  requires transitive dev.tach.api;
  // Graph types appear in the API (ResolvedTest.graph(), ImportGraph.graph()).
  requires transitive org.jgrapht.core;

  exports dev.tach.resolver;
}
