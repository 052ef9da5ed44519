// Initiates the replica set rs0 of docker-compose.yml once, then waits for
// a primary. Run by the mongo-init service; safe to run again.
const members = [
  { _id: 0, host: "mongo1:27017", priority: 2 },
  { _id: 1, host: "mongo2:27017", priority: 1 },
  { _id: 2, host: "mongo3:27017", priority: 1 },
];
try {
  rs.status();
  print("replica set rs0 already initiated");
} catch (e) {
  if (e.codeName !== "NotYetInitialized") throw e;
  rs.initiate({ _id: "rs0", members: members });
  print("replica set rs0 initiated");
}
for (let i = 0; i < 60; i++) {
  if (db.hello().isWritablePrimary || rs.status().members.some((m) => m.stateStr === "PRIMARY")) {
    print("primary elected");
    quit(0);
  }
  sleep(1000);
}
print("no primary after 60 s");
quit(1);
