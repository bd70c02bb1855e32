package dunes.appliance.config;

/** A workflow execution ended failed (or canceled); carries vCO's own error text. */
public class VcoExecutionFailedException extends VcoConfigException {

  private final String executionHref;
  private final String vcoError;

  VcoExecutionFailedException(String workflowName, String executionHref, String vcoError) {
    super("workflow '" + workflowName + "' failed on vCO (execution " + executionHref + "): "
        + (vcoError == null || vcoError.isBlank() ? "vCO gave no error text" : vcoError));
    this.executionHref = executionHref;
    this.vcoError = vcoError;
  }

  public String executionHref() {
    return executionHref;
  }

  /** vCO's error text ({@code content-exception}), possibly empty */
  public String vcoError() {
    return vcoError == null ? "" : vcoError;
  }
}
