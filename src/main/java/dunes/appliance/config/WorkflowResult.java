package dunes.appliance.config;

/**
 * What {@link VcoConfigPort#converge} found or did.
 *
 * @param executionHref the execution to poll ({@link Outcome#STARTED}, {@link Outcome#ADOPTED}), or the
 *     completed one that already holds this configuration ({@link Outcome#ALREADY_CONFIGURED})
 */
public record WorkflowResult(String workflowName, String workflowId, Outcome outcome, String executionHref) {

  public enum Outcome {
    /** the newest completed execution had these inputs: nothing was posted */
    ALREADY_CONFIGURED,
    /** an execution with these inputs is running (an earlier attempt started it): poll that one */
    ADOPTED,
    /** no execution had these inputs: the workflow was started */
    STARTED
  }

  /** True when an execution must still be polled until it ends. */
  public boolean mustPoll() {
    return outcome != Outcome.ALREADY_CONFIGURED;
  }

  public String summary() {
    return switch (outcome) {
      case ALREADY_CONFIGURED -> "'" + workflowName + "' already configured by " + executionHref;
      case ADOPTED -> "'" + workflowName + "' already running as " + executionHref;
      case STARTED -> "'" + workflowName + "' started as " + executionHref;
    };
  }
}
