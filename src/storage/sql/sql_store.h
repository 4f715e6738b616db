// The Store written once in SQL over sql::Connection; sqlite/ and postgres/
// supply the connections. Internal to storage/.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "storage/sql/connection.h"
#include "storage/store.h"

namespace journeyer::storage::sql {

using ConnectionFactory = std::function<Result<std::unique_ptr<Connection>>()>;

// A Store over connections made by `factory`: each thread that uses the
// store at the same time gets a connection of its own, kept for reuse.
// `first` is an already opened (and migrated) connection.
std::unique_ptr<Store> make_sql_store(ConnectionFactory factory, std::unique_ptr<Connection> first,
                                      std::string backend);

}  // namespace journeyer::storage::sql
