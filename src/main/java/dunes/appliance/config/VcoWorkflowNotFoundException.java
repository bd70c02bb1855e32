package dunes.appliance.config;

/**
 * No workflow, or more than one, has the name Dunes asked for: the plug-in providing it is missing
 * or a copy with the same name exists. An operator must act; a retry cannot help.
 */
public class VcoWorkflowNotFoundException extends VcoConfigException {

  private final String workflowName;

  VcoWorkflowNotFoundException(String workflowName, String message) {
    super(message);
    this.workflowName = workflowName;
  }

  public String workflowName() {
    return workflowName;
  }
}
