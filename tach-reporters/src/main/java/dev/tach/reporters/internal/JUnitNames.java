package dev.tach.reporters.internal;

import static java.util.Objects.requireNonNull;

/**
 * The {@code classname} / {@code name} / {@code file} attributes of a JUnit XML test case, split
 * from a pytest node id the way pytest's junitxml plugin ({@code mangle_test_address}) does: {@code
 * tests/test_a.py::TestX::test_y[1-2]} gives {@code tests.test_a.TestX}, {@code test_y[1-2]} and
 * {@code tests/test_a.py}.
 */
public record JUnitNames(String classname, String name, String file) {

  public JUnitNames {
    requireNonNull(classname, "classname is null");
    requireNonNull(name, "name is null");
    requireNonNull(file, "file is null");
  }

  public static JUnitNames of(String nodeId) {
    requireNonNull(nodeId, "nodeId is null");
    // The parametrize id may itself contain "::" or "/", so it is set aside first, as in pytest.
    int bracket = nodeId.indexOf('[');
    String path = bracket < 0 ? nodeId : nodeId.substring(0, bracket);
    String params = bracket < 0 ? "" : nodeId.substring(bracket);
    String[] names = path.split("::", -1);
    String file = names[0];
    String module = file.replace('/', '.');
    if (module.endsWith(".py")) {
      module = module.substring(0, module.length() - 3);
    }
    names[0] = module;
    names[names.length - 1] += params;
    String classname =
        String.join(".", java.util.Arrays.asList(names).subList(0, names.length - 1));
    return new JUnitNames(classname, names[names.length - 1], file);
  }
}
