package dev.tach.reporters.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name for reports, without a DNS lookup when the kernel can tell it. */
public final class HostName {
  private static final Path LINUX_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private HostName() {}

  public static String get() {
    try {
      String name = Files.readString(LINUX_HOSTNAME, StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | SecurityException e) {
      // Not Linux, or /proc hidden by a sandbox: ask the JDK instead.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
