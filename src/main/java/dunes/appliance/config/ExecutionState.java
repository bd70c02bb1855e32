package dunes.appliance.config;

import java.util.Map;

/**
 * One workflow execution's state as vCO reports it.
 *
 * @param workflowName the workflow's name as the execution names it (empty when vCO leaves it out)
 * @param error vCO's error text of a failed execution ({@code content-exception}), null otherwise
 * @param outputs the execution's {@code output-parameters}, name → value as text (a string's value,
 *     a number or boolean written out); empty while it runs, and for a workflow without outputs
 */
public record ExecutionState(String workflowName, String executionHref, Status status, String error,
    Map<String, String> outputs) {

  public ExecutionState {
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
  }

  /** A state without output parameters. */
  public ExecutionState(String workflowName, String executionHref, Status status, String error) {
    this(workflowName, executionHref, status, error, Map.of());
  }

  public enum Status {
    /** running, or waiting (for input, a signal, a timer): not ended */
    RUNNING,
    COMPLETED,
    /** failed or canceled */
    FAILED
  }

  public boolean ended() {
    return status != Status.RUNNING;
  }

  /**
   * This state, unless the execution failed.
   *
   * @throws VcoExecutionFailedException carrying vCO's error text, when it failed
   */
  public ExecutionState requireSucceeded() {
    if (status == Status.FAILED) {
      throw new VcoExecutionFailedException(workflowName, executionHref, error);
    }
    return this;
  }
}
