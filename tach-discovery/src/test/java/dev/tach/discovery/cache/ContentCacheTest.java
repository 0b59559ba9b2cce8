package dev.tach.discovery.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {

  record Summary(String module, List<String> tests) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private ContentCache<Summary> open(String format) {
    return ContentCache.open(dir.resolve("cache/discovery.json"), format, Summary.class, MAPPER);
  }

  private static String key(String content) {
    return ContentCache.key(content.getBytes(StandardCharsets.UTF_8), "pkg.test_a");
  }

  @Test
  void aValuePutAndSavedIsFoundByTheNextRun() {
    ContentCache<Summary> first = open("v1");
    first.put(key("def test_a(): pass"), new Summary("pkg.test_a", List.of("test_a")));
    assertThat(first.save()).isTrue();

    assertThat(open("v1").get(key("def test_a(): pass")))
        .contains(new Summary("pkg.test_a", List.of("test_a")));
  }

  @Test
  void changedContentOrOtherInputsGiveAnotherKey() {
    byte[] content = "x = 1".getBytes(StandardCharsets.UTF_8);
    assertThat(ContentCache.key(content, "a")).isNotEqualTo(ContentCache.key(content, "b"));
    assertThat(ContentCache.key(content, "a"))
        .isNotEqualTo(ContentCache.key("x = 2".getBytes(StandardCharsets.UTF_8), "a"));
    assertThat(ContentCache.key(content, "a", "b")).isNotEqualTo(ContentCache.key(content, "ab"));
  }

  @Test
  void anUnchangedRunDoesNotRewriteTheFile() throws Exception {
    ContentCache<Summary> first = open("v1");
    first.put(key("a"), new Summary("m", List.of()));
    first.save();
    Path file = dir.resolve("cache/discovery.json");
    long before = Files.getLastModifiedTime(file).toMillis();

    ContentCache<Summary> second = open("v1");
    assertThat(second.get(key("a"))).isPresent();
    assertThat(second.save()).isFalse();
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(before);
  }

  @Test
  void entriesTheRunDidNotUseAreDroppedOnSave() {
    ContentCache<Summary> first = open("v1");
    first.put(key("old"), new Summary("old", List.of()));
    first.put(key("kept"), new Summary("kept", List.of()));
    first.save();

    ContentCache<Summary> second = open("v1");
    second.get(key("kept"));
    assertThat(second.save()).isTrue();

    ContentCache<Summary> third = open("v1");
    assertThat(third.get(key("kept"))).isPresent();
    assertThat(third.get(key("old"))).isEmpty();
  }

  @Test
  void aCacheOfAnotherFormatIsIgnored() {
    ContentCache<Summary> first = open("v1");
    first.put(key("a"), new Summary("m", List.of()));
    first.save();

    assertThat(open("v2").get(key("a"))).isEmpty();
  }

  @Test
  void aCorruptOrMissingFileIsAnEmptyCache() throws Exception {
    assertThat(open("v1").get(key("a"))).isEmpty();
    Files.createDirectories(dir.resolve("cache"));
    Files.writeString(dir.resolve("cache/discovery.json"), "{\"format\": \"v1\", \"entries\": [tru");
    assertThat(open("v1").get(key("a"))).isEmpty();
  }

  @Test
  void anUnwritableLocationLeavesTheListingAlone() throws Exception {
    Files.writeString(dir.resolve("blocker"), "a file where the cache directory should be");
    ContentCache<Summary> cache =
        ContentCache.open(dir.resolve("blocker/discovery.json"), "v1", Summary.class, MAPPER);
    cache.put(key("a"), new Summary("m", List.of()));
    assertThat(cache.save()).isFalse();
  }
}
