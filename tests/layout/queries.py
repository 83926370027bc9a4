"""The clients' real layout query, with fragments for every component type they render."""

ALL_COMPONENT_TYPES = [
    "heading/1",
    "text/1",
    "notice/1",
    "tile.action/1",
    "tile.hero/1",
    "card.contract/1",
    "list.keyvalue/1",
    "list.items/1",
    "list.documents/1",
    "card.agent/1",
    "banner.campaign/1",
    "card.offer/1",
    "list.faq/1",
    "list.checklist/1",
    "form/1",
]

ACTION = """
  __typename
  ... on NavigateAction { label screen params }
  ... on OpenFormAction { label form params }
  ... on RunMutationAction { label mutation input confirm }
  ... on ComposeMessageAction { label category subject }
  ... on CallAction { label phone uri }
  ... on RouteAction { label url }
  ... on OpenUrlAction { label url }
  ... on DownloadAction { label documentId url }
  ... on PrintAction { label documentId url }
"""

LAYOUT_QUERY = f"""
query Layout($screen: String!, $client: ClientInput!, $etag: String, $params: JSON) {{
  layout(screen: $screen, client: $client, etag: $etag, params: $params) {{
    screen version title etag notModified ttlSeconds locale
    experiments {{ name variant }}
    sections {{
      id title
      components {{
        __typename id type variant
        ... on Heading {{ text }}
        ... on TextBlock {{ text }}
        ... on Notice {{ title text severity }}
        ... on ActionTile {{ title subtitle icon badge emphasized size action {{ {ACTION} }} }}
        ... on HeroTile {{ title text imageUrl action {{ {ACTION} }} }}
        ... on ContractCard {{ contractId title subtitle policyNumber lineLabel premium expiry highlighted
                              external action {{ {ACTION} }} }}
        ... on KeyValueList {{ title entries {{ label value }} }}
        ... on ItemList {{ title emptyText
                          items {{ id title subtitle trailing badge unread action {{ {ACTION} }}
                                   moreActions {{ {ACTION} }} }} }}
        ... on DocumentList {{ title unreadCount emptyText
                              items {{ id title subtitle trailing badge unread action {{ {ACTION} }}
                                       moreActions {{ {ACTION} }} }}
                              filters {{ name kind label value options {{ value label }} }} }}
        ... on AgentCard {{ name agencyName phone email addressLines actions {{ {ACTION} }} }}
        ... on CampaignBanner {{ title text action {{ {ACTION} }} }}
        ... on OfferCard {{ title text action {{ {ACTION} }} }}
        ... on FaqList {{ title questions {{ question answer }} }}
        ... on Checklist {{ title steps {{ id title done action {{ {ACTION} }} }} }}
        ... on Form {{ title mutation stepUp submitLabel
                       fields {{ name kind label help required value options {{ value label }} liveCheck
                                 maxItems accept }} }}
      }}
    }}
  }}
}}
"""


def client_input(platform: str, version: str = "3.0.0", *, locale: str = "de", components=None) -> dict:
    return {
        "platform": platform,
        "appVersion": version,
        "locale": locale,
        "components": ALL_COMPONENT_TYPES if components is None else components,
    }
