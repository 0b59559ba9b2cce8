/**
 * Static discovery of Python tests (issue 3): an ANTLR4 Python 3.8-3.13 grammar and the parsing
 * facade {@link dev.tach.discovery.PythonParsing}.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.tach.discovery {
  requires transitive dev.tach.api;
  requires transitive org.antlr.antlr4.runtime;

  exports dev.tach.discovery;
  exports dev.tach.discovery.config;
  exports dev.tach.discovery.extract;
  opens dev.tach.discovery.extract to
      com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
}
