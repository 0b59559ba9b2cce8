package dev.tach.cli.internal;

import dev.tach.api.ErrorCode;
import dev.tach.api.TachException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Unpacks the {@code tach_harness} package that travels inside the CLI jar to
 * {@code $XDG_CACHE_HOME/tach/harness-VERSION-HASH/} once, and reuses it. The hash of the
 * contents is in the name, so a rebuilt harness never runs stale files.
 */
public final class HarnessInstaller {
  // Not a package-shaped path: resources in packages of a named module are encapsulated.
  static final String RESOURCE_ROOT = "tach-harness/";

  private final Path cacheRoot;

  public HarnessInstaller(Path cacheRoot) {
    this.cacheRoot = cacheRoot;
  }

  public static Path defaultCacheRoot(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tach");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "tach");
  }

  /** The directory to put on {@code sys.path}: it holds {@code tach_harness/}. */
  public Path install(String version) {
    Map<String, byte[]> files = harnessFiles();
    if (!files.containsKey("tach_harness/__main__.py")) {
      throw new TachException(
          ErrorCode.E014, "the tach_harness package is missing from the tach-cli jar", "rebuild with mvn -B install");
    }
    Path target = cacheRoot.resolve("harness-" + version + "-" + digest(files));
    if (Files.isRegularFile(target.resolve("tach_harness/__main__.py"))) {
      return target;
    }
    try {
      Files.createDirectories(cacheRoot);
      Path staging = Files.createTempDirectory(cacheRoot, ".staging-");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path out = staging.resolve(file.getKey());
        Files.createDirectories(out.getParent());
        Files.write(out, file.getValue());
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
        // Another tach unpacked the same version at the same moment: theirs is as good.
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new TachException(
          ErrorCode.E014, "cannot unpack the harness into " + cacheRoot + ": " + e.getMessage(), "set XDG_CACHE_HOME to a writable directory");
    }
  }

  /** The harness files by relative path ({@code tach_harness/...}), from the jar or a classes directory. */
  static Map<String, byte[]> harnessFiles() {
    URL marker = HarnessInstaller.class.getClassLoader().getResource(RESOURCE_ROOT + "tach_harness/__main__.py");
    if (marker == null) {
      marker = ClassLoader.getSystemResource(RESOURCE_ROOT + "tach_harness/__main__.py");
    }
    Map<String, byte[]> files = new TreeMap<>();
    if (marker == null) {
      return files;
    }
    try {
      if (marker.getProtocol().equals("jar")) {
        String spec = marker.getPath();
        Path jar = Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
        try (JarFile jarFile = new JarFile(jar.toFile())) {
          for (JarEntry entry : jarFile.stream().toList()) {
            if (!entry.isDirectory() && entry.getName().startsWith(RESOURCE_ROOT)) {
              try (InputStream in = jarFile.getInputStream(entry)) {
                files.put(entry.getName().substring(RESOURCE_ROOT.length()), in.readAllBytes());
              }
            }
          }
        }
      } else {
        Path root = Path.of(marker.toURI()).getParent().getParent();
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path p : walk.filter(Files::isRegularFile).toList()) {
            String rel = root.relativize(p).toString();
            if (!rel.contains("__pycache__")) {
              files.put(rel, Files.readAllBytes(p));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return files;
  }

  private static String digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(file.getValue());
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
