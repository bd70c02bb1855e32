package dunes.edge.steps;

import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.delegate.VariableScope;

/**
 * The before-state texts as process variables. A String variable lands in a varchar(4000) column
 * of the engine's database, and an edge that already balances other services can answer more
 * than that: such a text is kept as UTF-8 bytes instead of failing the step on flush.
 */
final class EdgeSnapshots {

  static final int MAX_STRING = 4000;

  private EdgeSnapshots() {}

  static void store(VariableScope execution, String name, String text) {
    execution.setVariable(name, text.length() <= MAX_STRING ? text : text.getBytes(StandardCharsets.UTF_8));
  }

  /** @return null when the variable is absent */
  static String read(VariableScope execution, String name) {
    Object value = execution.getVariable(name);
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return (String) value;
  }
}
