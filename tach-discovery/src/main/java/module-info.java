/**
 * Static discovery of Python tests (issue 3): an ANTLR4 Python 3.8-3.13 grammar and the parsing
 * facade {@link dev.tach.discovery.PythonParsing}, the files a pytest run collects, the
 * interpreter's environment read from disk, and the parse cache.
 */
@SuppressWarnings("requires-transitive-automatic")
module dev.tach.discovery {
  requires transitive dev.tach.api;
  requires transitive org.antlr.antlr4.runtime;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
  requires com.fasterxml.jackson.dataformat.smile;
  requires com.fasterxml.jackson.datatype.jdk8;

  exports dev.tach.discovery;
  exports dev.tach.discovery.config;
  exports dev.tach.discovery.cache;
  exports dev.tach.discovery.env;
  exports dev.tach.discovery.extract;
  exports dev.tach.discovery.files;
  exports dev.tach.discovery.select;

  // Jackson reads and writes the cache file and the file summaries in it.
  opens dev.tach.discovery to com.fasterxml.jackson.databind;
  opens dev.tach.discovery.cache to com.fasterxml.jackson.databind;
  opens dev.tach.discovery.extract to com.fasterxml.jackson.databind;
}
