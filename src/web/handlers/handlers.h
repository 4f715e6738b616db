// Every handler of the site, by area (handlers/<area>/). A handler is a
// function of the parsed request and its context; routes.cpp maps URLs to
// them.
#pragma once

#include "web/http.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// home/
Response home(Context& ctx);
Response static_file(Context& ctx);

// person/
Response person_list(Context& ctx);
Response person_page(Context& ctx);
Response person_slash(Context& ctx);  // /person/NAME -> /person/NAME/
Response person_trust(Context& ctx);
Response person_trust_svg(Context& ctx);
Response graph_dot(Context& ctx);

// trust/
Response trust_about(Context& ctx);
Response trust_levels_svg(Context& ctx);
Response trust_attack(Context& ctx);

// account/
Response signup_form(Context& ctx);
Response signup(Context& ctx);
Response login_form(Context& ctx);
Response login(Context& ctx);
Response logout(Context& ctx);
Response password_form(Context& ctx);
Response change_password(Context& ctx);
Response profile_form(Context& ctx);
Response edit_profile(Context& ctx);
Response reset_form(Context& ctx);
Response request_reset(Context& ctx);
Response reset_choose_form(Context& ctx);
Response reset_password(Context& ctx);
Response tokens_page(Context& ctx);    // personal API tokens
Response create_token(Context& ctx);
Response revoke_token(Context& ctx);

// cert/
Response certify(Context& ctx);
Response flag_spam(Context& ctx);

// diary/
Response diary_page(Context& ctx);        // /person/NAME/diary.html
Response diary_entry_page(Context& ctx);  // /person/NAME/diary/ID.html
Response diary_post_form(Context& ctx);
Response diary_post(Context& ctx);
Response diary_edit_form(Context& ctx);
Response diary_edit(Context& ctx);
Response diary_delete(Context& ctx);
Response recentlog(Context& ctx);
Response person_rss(Context& ctx);
Response person_atom(Context& ctx);
Response person_foaf(Context& ctx);
Response recent_rss(Context& ctx);
Response recent_atom(Context& ctx);

// interest/
Response rate_diary(Context& ctx);      // POST /person/NAME/rate
Response person_ratings(Context& ctx);  // /person/NAME/ratings

// article/
Response article_list(Context& ctx);
Response article_page(Context& ctx);
Response article_new_form(Context& ctx);
Response article_post(Context& ctx);
Response article_edit_form(Context& ctx);
Response article_edit(Context& ctx);
Response reply_form(Context& ctx);
Response reply_post(Context& ctx);
Response article_moderate(Context& ctx);
Response person_articles(Context& ctx);  // /person/NAME/articles.html
Response articles_rss(Context& ctx);     // /rss/articles.xml
Response articles_atom(Context& ctx);    // /atom/articles.xml

// project/
Response project_list(Context& ctx);
Response project_create(Context& ctx);
Response project_slash(Context& ctx);  // /proj/NAME -> /proj/NAME/
Response project_page(Context& ctx);
Response project_edit_form(Context& ctx);
Response project_edit(Context& ctx);
Response project_relation(Context& ctx);
Response project_admin(Context& ctx);

// admin/
Response admin_home(Context& ctx);
Response admin_set_state(Context& ctx);

// api/: the doors for programs (docs/api.md)
Response xmlrpc(Context& ctx);  // POST /XMLRPC
Response api_openapi(Context& ctx);
Response api_me(Context& ctx);
Response api_people(Context& ctx);
Response api_person(Context& ctx);
Response api_certificates(Context& ctx);
Response api_certify(Context& ctx);
Response api_diary(Context& ctx);
Response api_diary_entry(Context& ctx);
Response api_post_diary(Context& ctx);
Response api_edit_diary(Context& ctx);
Response api_articles(Context& ctx);
Response api_article(Context& ctx);
Response api_reply(Context& ctx);
Response api_projects(Context& ctx);
Response api_project(Context& ctx);

}  // namespace journeyer::web::handlers
