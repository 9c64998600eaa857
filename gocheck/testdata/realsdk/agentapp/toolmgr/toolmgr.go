// Package toolmgr loads tool definitions per configured server at start-up
// and hands the list out.
package toolmgr

// Tool is one tool definition.
type Tool struct{ Name, Description string }

// Manager holds the loaded tools.
type Manager struct{ tools []Tool }

// Load loads every server's tools, ranging over the configuration map.
func (m *Manager) Load(servers map[string][]Tool) {
	for name, ts := range servers {
		m.add(name, ts)
	}
}

func (m *Manager) add(server string, ts []Tool) {
	for _, t := range ts {
		m.tools = append(m.tools, Tool{Name: server + "_" + t.Name, Description: t.Description})
	}
}

// Tools hands out the loaded tools.
func (m *Manager) Tools() []Tool { return m.tools }
