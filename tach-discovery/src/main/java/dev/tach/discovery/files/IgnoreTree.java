package dev.tach.discovery.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code .ignore} and {@code .gitignore} rules in force in each directory of a walk, with the
 * precedence ripgrep's {@code ignore} crate documents: any {@code .ignore} match (the deepest file
 * that matches, its last matching line) beats any {@code .gitignore} match, which beats {@code
 * .git/info/exclude}, which beats the global excludes file. {@code .gitignore} files count only
 * inside a git repository (a directory with a {@code .git} directory or file) and only up to that
 * repository's root; {@code .ignore} files count everywhere, parents of the walk included.
 */
final class IgnoreTree {

  private final IgnoreFile globalExcludes;
  private final Map<Path, Node> nodes = new HashMap<>();

  IgnoreTree(IgnoreFile globalExcludes) {
    this.globalExcludes = globalExcludes;
  }

  /** The rules of {@code dir}, whose file names the caller already knows. */
  Node node(Path dir, boolean hasGit, boolean hasGitignore, boolean hasIgnore) {
    Node node = nodes.get(dir);
    if (node == null) {
      Path parentDir = dir.getParent();
      Node parent = parentDir == null ? null : node(parentDir);
      node = new Node(dir, parent, hasGit, hasGitignore, hasIgnore);
      nodes.put(dir, node);
    }
    return node;
  }

  /** The rules of {@code dir}, looking for its ignore files on disk. */
  Node node(Path dir) {
    Node node = nodes.get(dir);
    if (node != null) {
      return node;
    }
    return node(
        dir,
        Files.exists(dir.resolve(".git")),
        Files.isRegularFile(dir.resolve(".gitignore")),
        Files.isRegularFile(dir.resolve(".ignore")));
  }

  /** One directory's rules, linked to its parent's. */
  final class Node {
    private final String prefix;
    private final Node parent;
    private final Node repository;
    private final IgnoreFile dotIgnore;
    private final IgnoreFile gitignore;
    private final IgnoreFile exclude;

    /** Whether any rule applies here; false lets the walk skip matching. */
    private final boolean active;

    private Node(Path dir, Node parent, boolean hasGit, boolean hasGitignore, boolean hasIgnore) {
      String text = dir.toString();
      this.prefix = text.endsWith("/") ? text : text + "/";
      this.parent = parent;
      this.repository = hasGit ? this : parent == null ? null : parent.repository;
      this.dotIgnore = hasIgnore ? IgnoreFile.read(dir.resolve(".ignore")) : IgnoreFile.EMPTY;
      this.gitignore =
          hasGitignore && repository != null
              ? IgnoreFile.read(dir.resolve(".gitignore"))
              : IgnoreFile.EMPTY;
      this.exclude = hasGit ? readExclude(dir.resolve(".git")) : IgnoreFile.EMPTY;
      this.active =
          !dotIgnore.isEmpty()
              || !gitignore.isEmpty()
              || !exclude.isEmpty()
              || (repository != null && !globalExcludes.isEmpty())
              || (parent != null && parent.active);
    }

    /** Whether {@code path}, an entry of this node's directory or below, is ignored. */
    boolean isIgnored(Path path, String name, boolean isDirectory) {
      if (!active) {
        return false;
      }
      String absolute = path.toString();
      for (Node n = this; n != null; n = n.parent) {
        if (!n.dotIgnore.isEmpty()) {
          IgnorePattern.Match match = n.dotIgnore.match(n.relative(absolute), name, isDirectory);
          if (match != IgnorePattern.Match.NONE) {
            return match == IgnorePattern.Match.IGNORE;
          }
        }
      }
      if (repository == null) {
        return false;
      }
      for (Node n = this; n != null; n = n.parent) {
        if (!n.gitignore.isEmpty()) {
          IgnorePattern.Match match = n.gitignore.match(n.relative(absolute), name, isDirectory);
          if (match != IgnorePattern.Match.NONE) {
            return match == IgnorePattern.Match.IGNORE;
          }
        }
        if (n == repository) {
          break;
        }
      }
      String relative = repository.relative(absolute);
      IgnorePattern.Match match = repository.exclude.match(relative, name, isDirectory);
      if (match == IgnorePattern.Match.NONE) {
        match = globalExcludes.match(relative, name, isDirectory);
      }
      return match == IgnorePattern.Match.IGNORE;
    }

    private String relative(String absolute) {
      return absolute.substring(prefix.length());
    }
  }

  /** {@code info/exclude} of the repository whose {@code .git} is {@code dotGit}. */
  private static IgnoreFile readExclude(Path dotGit) {
    Path gitDir = dotGit;
    if (Files.isRegularFile(dotGit)) {
      try {
        String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("gitdir:")) {
          return IgnoreFile.EMPTY;
        }
        gitDir = dotGit.getParent().resolve(text.substring("gitdir:".length()).strip());
        Path commondir = gitDir.resolve("commondir");
        if (Files.isRegularFile(commondir)) {
          gitDir = gitDir.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip());
        }
      } catch (IOException e) {
        return IgnoreFile.EMPTY;
      }
    }
    return IgnoreFile.read(gitDir.resolve("info").resolve("exclude").normalize());
  }
}
