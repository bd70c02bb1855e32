package dunes.appliance.config;

/**
 * Which workflow a step runs: by {@code id} first when one is configured (ids are what the vCO
 * docs print and what a renamed copy does not share), else by its exact {@code name}.
 * {@link #configured()} is false for a workflow nobody configured: no public source names it, so
 * the step goes to an operator (docs/vco-configuration.md).
 */
public record WorkflowRef(String name, String id) {

  public WorkflowRef {
    name = blankToNull(name);
    id = blankToNull(id);
  }

  public static WorkflowRef named(String name) {
    return new WorkflowRef(name, null);
  }

  public boolean configured() {
    return name != null || id != null;
  }

  /** How messages name it: "'Configure SSO' (9ff67fbc-…)". */
  @Override
  public String toString() {
    if (!configured()) {
      return "(no workflow configured)";
    }
    return (name == null ? "" : "'" + name + "'") + (name != null && id != null ? " " : "")
        + (id == null ? "" : "(" + id + ")");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
