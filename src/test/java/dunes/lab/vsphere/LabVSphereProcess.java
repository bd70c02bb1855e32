package dunes.lab.vsphere;

import java.nio.file.Path;
import java.time.Duration;

/** A JVM that starts the lab's vCenter and waits: the test kills it to see vcsim die with it. */
public final class LabVSphereProcess {

  private LabVSphereProcess() {}

  public static void main(String[] args) throws Exception {
    LabVSphere lab = LabVSphere.start(new LabVSphere.Settings("127.0.0.40", 0, null, null, Path.of(args[0]),
        null, Path.of(args[1]), 0, Duration.ofSeconds(10)));
    System.out.println("VCSIM_PID " + lab.pid());
    System.out.flush();
    System.in.read(); // until the test ends this JVM
  }
}
