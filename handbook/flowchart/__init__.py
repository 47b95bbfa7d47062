"""The flowchart beyond its content: the path a user walks (:mod:`walk`) and the coordinator's review report (:mod:`report`). No Qt."""
