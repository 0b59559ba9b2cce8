package dev.tach.discovery;

import dev.tach.api.Api;

/** What parsing one Python file gave: a {@link ParsedModule} or a {@link SyntaxError}. */
@Api(Api.Status.EXPERIMENTAL)
public sealed interface ParseOutcome permits ParsedModule, SyntaxError {

  /** The name the file was parsed under, as given to {@link PythonParsing#parse}. */
  String fileName();
}
