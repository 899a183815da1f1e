# Feature "rocksdb": The 'rocksdb' state backend: keyed state in an embedded RocksDB on local disk.
description = The 'rocksdb' state backend (SET 'state.backend.type' = 'rocksdb'): keyed state in an embedded RocksDB on local disk, larger than the heap
requires = core

bundle = mvn:io.sabot/sabot-state-rocksdb/${project.version}
