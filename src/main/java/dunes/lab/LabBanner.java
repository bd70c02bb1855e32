package dunes.lab;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells a newcomer where to look and how to log in. Printed to the console, not the log. */
@Component
@Profile("lab")
class LabBanner {

  @EventListener
  public void onReady(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    int port = ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
    String base = "http://localhost:" + port;
    System.out.printf("""

        Dunes lab is up.
          Cockpit   %1$s/camunda/app/cockpit/
          Tasklist  %1$s/camunda/app/tasklist/
          REST      %1$s/engine-rest/  and  %1$s/api/builds
          logins    admin / %2$s   operator / %3$s   approver / %4$s
                    (kept in %5$s)
          try       curl -u operator:%3$s -H 'Content-Type: application/json' \\
                      --data @docs/build-request.example.json %1$s/api/builds

        """, base,
        env.getProperty("dunes.admin.password"),
        env.getProperty("dunes.lab.users.operator"),
        env.getProperty("dunes.lab.users.approver"),
        env.getProperty("dunes.lab.credentials-file", "data/lab-credentials.properties"));
  }
}
