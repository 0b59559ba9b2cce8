package dev.tach.reporters.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<Path> filesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileWholeAndNoTemporaryFileBehind() throws IOException {
    Path target = dir.resolve("report.xml");
    Files.writeString(target, "old");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half a new rep".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");

    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(filesIn(dir)).containsExactly(target);
  }

  @Test
  void theNewFileReplacesTheOldOneAndMissingDirectoriesAreCreated() throws IOException {
    Path target = dir.resolve("a/b/report.xml");
    AtomicFiles.write(target, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(target, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

    assertThat(Files.readString(target)).isEqualTo("two");
    assertThat(filesIn(target.getParent())).containsExactly(target);
  }

  @Test
  void theReportGetsTheUsualPermissionsNotThoseOfATemporaryFile() throws IOException {
    Path target = dir.resolve("report.xml");
    Path plain = dir.resolve("plain.txt");
    Files.writeString(plain, "x");
    AtomicFiles.write(target, out -> out.write('x'));

    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(target))
          .isEqualTo(Files.getPosixFilePermissions(plain));
    }
  }
}
