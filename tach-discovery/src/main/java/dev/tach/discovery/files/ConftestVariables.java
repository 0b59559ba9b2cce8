package dev.tach.discovery.files;

import dev.tach.api.Api;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a loaded {@code conftest.py} sets {@code collect_ignore} and {@code collect_ignore_glob} to,
 * for a caller that reads conftests. pytest looks the variable up in the conftests loaded for an
 * entry's directory, nearest first, and uses the first conftest that defines it; its entries are
 * relative to that conftest's directory.
 */
@Api(Api.Status.EXPERIMENTAL)
public interface ConftestVariables {

  /** No conftest defines either variable. */
  ConftestVariables NONE =
      new ConftestVariables() {
        @Override
        public Optional<List<String>> collectIgnore(Path conftest) {
          return Optional.empty();
        }

        @Override
        public Optional<List<String>> collectIgnoreGlob(Path conftest) {
          return Optional.empty();
        }
      };

  /** The value of {@code collect_ignore} in {@code conftest}, or empty if it does not set it. */
  Optional<List<String>> collectIgnore(Path conftest);

  /**
   * The value of {@code collect_ignore_glob} in {@code conftest}, or empty if it does not set it.
   */
  Optional<List<String>> collectIgnoreGlob(Path conftest);
}
