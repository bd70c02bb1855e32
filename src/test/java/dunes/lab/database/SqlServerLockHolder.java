package dunes.lab.database;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process using the same lab state directory, as a second Dunes would: takes the SQL Server
 * stand-in's lock, says "locked", and when told (a line on stdin) turns both options of vcvCO on in
 * the log, then releases the lock by ending.
 */
public final class SqlServerLockHolder {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (FileChannel channel = FileChannel.open(dir.resolve("sqlserver.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
      System.out.println("locked");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      Files.writeString(dir.resolve("sqlserver.jsonl"),
          "{\"database\":\"vcvCO\",\"snapshotIsolationState\":1,\"readCommittedSnapshot\":true}\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
