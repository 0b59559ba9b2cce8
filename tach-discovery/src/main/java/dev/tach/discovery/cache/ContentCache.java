package dev.tach.discovery.cache;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tach.api.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cache of values derived from file contents, keyed by a SHA-256 of the content and of
 * whatever else the value depends on. It lives in one file, read whole when opened and
 * rewritten (to a temporary file, then renamed) only when a run added or dropped entries, so a
 * listing of an unchanged tree reads one file and writes none. Entries that a run did not use
 * are dropped when it saves, so the cache holds the current tree only.
 *
 * <p>A cache file that is missing, unreadable, from another format version or corrupt is an
 * empty cache: the cache can only make discovery faster, never change its result. Safe for
 * concurrent {@link #get}/{@link #put} from several threads.
 *
 * @param <T> the cached value, a Jackson-serializable type (records are)
 */
@Api(Api.Status.EXPERIMENTAL)
public final class ContentCache<T> {

  /** The file's content: the format it was written under and the entries. */
  record Stored<T>(String format, Map<String, T> entries) {}

  private final Path file;
  private final String format;
  private final ObjectMapper mapper;
  private final JavaType storedType;
  private final Map<String, T> previous;
  private final Map<String, T> current = new ConcurrentHashMap<>();
  private volatile boolean added;

  private ContentCache(
      Path file, String format, ObjectMapper mapper, JavaType storedType, Map<String, T> previous) {
    this.file = file;
    this.format = format;
    this.mapper = mapper;
    this.storedType = storedType;
    this.previous = previous;
  }

  /**
   * Opens the cache stored in {@code file}.
   *
   * @param format names the shape of {@code T} and the rules that derive it: a cache written
   *     under another format is ignored (bump it whenever extraction changes)
   */
  public static <T> ContentCache<T> open(
      Path file, String format, Class<T> valueType, ObjectMapper mapper) {
    requireNonNull(file, "file is null");
    requireNonNull(format, "format is null");
    JavaType stored =
        mapper
            .getTypeFactory()
            .constructParametricType(Stored.class, mapper.getTypeFactory().constructType(valueType));
    return new ContentCache<>(file, format, mapper, stored, read(file, format, mapper, stored));
  }

  private static <T> Map<String, T> read(
      Path file, String format, ObjectMapper mapper, JavaType storedType) {
    try {
      Stored<T> stored = mapper.readValue(file.toFile(), storedType);
      if (stored == null || !format.equals(stored.format()) || stored.entries() == null) {
        return Map.of();
      }
      return stored.entries();
    } catch (IOException | RuntimeException missingOrCorrupt) {
      return Map.of();
    }
  }

  /** The key of a value derived from {@code content} and the given other inputs. */
  public static String key(byte[] content, String... inputs) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String input : inputs) {
        digest.update(input.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      digest.update(content);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("the JDK has no SHA-256", impossible);
    }
  }

  /** The value stored under {@code key}, if any; using it keeps it for the next run. */
  public Optional<T> get(String key) {
    T value = current.get(key);
    if (value == null) {
      value = previous.get(key);
      if (value != null) {
        current.put(key, value);
      }
    }
    return Optional.ofNullable(value);
  }

  /** Stores {@code value} under {@code key}. */
  public void put(String key, T value) {
    requireNonNull(value, "value is null");
    if (current.put(key, value) == null && !previous.containsKey(key)) {
      added = true;
    }
  }

  /** How many entries this run has used or added. */
  public int size() {
    return current.size();
  }

  /**
   * Writes the entries this run used or added, if they differ from what was read. A failure to
   * write (read-only tree, full disk) is not an error of the listing: the cache stays as it was.
   *
   * @return whether the file was written
   */
  public boolean save() {
    if (!added && current.size() == previous.size()) {
      return false;
    }
    Map<String, T> sorted = new LinkedHashMap<>();
    current.keySet().stream().sorted().forEach(k -> sorted.put(k, current.get(k)));
    try {
      writeAtomically(file, mapper.writerFor(storedType), new Stored<>(format, sorted));
      return true;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize a cache entry", e);
    } catch (IOException | SecurityException unwritable) {
      return false;
    }
  }

  /**
   * Writes {@code value} to {@code file} through a temporary file in the same directory and a
   * rename, so a reader sees the old file or the new one, never half of one.
   */
  public static void writeAtomically(Path file, ObjectWriter writer, Object value) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      writer.writeValue(tmp.toFile(), value);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file the cache lives in. */
  public Path file() {
    return file;
  }
}
