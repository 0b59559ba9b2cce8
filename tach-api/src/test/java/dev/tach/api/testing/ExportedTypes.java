package dev.tach.api.testing;

import dev.tach.api.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Lists the public top-level types a compiled module exports, to check their {@link Api} marker. */
public final class ExportedTypes {
  private ExportedTypes() {}

  /** The exported public types of the module compiled into {@code classesDir} without {@code @Api}. */
  public static List<String> withoutApiMarker(Path classesDir) {
    ModuleDescriptor descriptor =
        ModuleFinder.of(classesDir).findAll().iterator().next().descriptor();
    List<String> missing = new ArrayList<>();
    for (ModuleDescriptor.Exports export : descriptor.exports()) {
      if (export.isQualified()) {
        continue;
      }
      Path dir = classesDir.resolve(export.source().replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          String name = file.getFileName().toString();
          if (!name.endsWith(".class") || name.contains("$") || name.equals("package-info.class")) {
            continue;
          }
          String className = export.source() + "." + name.substring(0, name.length() - 6);
          Class<?> type = Class.forName(className, false, ExportedTypes.class.getClassLoader());
          if (Modifier.isPublic(type.getModifiers()) && !type.isAnnotationPresent(Api.class)) {
            missing.add(className);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return missing;
  }
}
