package dunes.build;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the raw request text ({@value BuildVariables#BUILD_REQUEST}) of a {@code VcoHaBuild} out of
 * history, whichever way it came, and likewise the start form's fields ({@link StartFormFields},
 * {@code request_...}), which {@link StartFormRequest} turns into that text: the engine records a start's variables (ACT_HI_VARINST, and at
 * history level full ACT_HI_DETAIL, for a start form also a form-property detail) as they are set,
 * before any listener or the first activity runs, so no step could take them back. Dunes's own
 * {@code POST /api/builds} sets the variable transient (never recorded); a message or form start over
 * {@code /engine-rest} sets it like any variable, and this handler drops those history events before
 * they reach the database. The validation step removes the runtime variable in the same transaction,
 * so no table ever holds the text: only the parsed {@code buildSpec}, which names secrets by reference.
 */
@Component
public class RawRequestOutOfHistory extends AbstractProcessEnginePlugin {

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventHandler(new Filter(configuration.getHistoryEventHandler()));
  }

  /** The engine's handler, minus the raw request's events. */
  static final class Filter implements HistoryEventHandler {
    private final HistoryEventHandler next;

    Filter(HistoryEventHandler next) {
      this.next = next;
    }

    @Override
    public void handleEvent(HistoryEvent event) {
      if (!rawRequest(event)) {
        next.handleEvent(event);
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      next.handleEvents(events.stream().filter(event -> !rawRequest(event)).toList());
    }

    static boolean rawRequest(HistoryEvent event) {
      if (!BuildVariables.PROCESS_KEY.equals(event.getProcessDefinitionKey())) {
        return false;
      }
      return event instanceof HistoricVariableUpdateEventEntity variable ? raw(variable.getVariableName())
          : event instanceof HistoricFormPropertyEventEntity form && raw(form.getPropertyId());
    }

    private static boolean raw(String name) {
      return name != null && (BuildVariables.BUILD_REQUEST.equals(name) || StartFormFields.isField(name));
    }
  }
}
